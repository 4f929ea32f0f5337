"""The commands of `tthc`, one module per family; cli.py assembles them.
This package is the only place that wires extract -> checks -> report."""
