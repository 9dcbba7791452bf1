"""Stores: embedded Oxigraph and remote SPARQL servers."""
