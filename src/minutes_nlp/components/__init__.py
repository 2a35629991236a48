"""components subpackage."""
