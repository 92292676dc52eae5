"""storylens: read news coverage from many outlets and see each story across its sources."""

__version__ = "0.1.0"
