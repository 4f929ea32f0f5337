"""Everything that turns bytes into facts. Knows nothing of rules (checks/) or output (report/)."""
