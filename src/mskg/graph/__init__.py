"""RDF assembly: observations, articles, programs; stable IRIs."""
