"""mskg: the Minsheng (民生) Statistical Knowledge Graph."""

__version__ = "0.1.0"
