"""Web: SPARQL endpoint, lookup pages, JSON API."""
