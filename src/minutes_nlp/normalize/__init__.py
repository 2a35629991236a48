"""normalize subpackage."""
