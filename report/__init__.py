"""Writers: json, jsonl, text (rich), junit, sarif, xlsx. They format results; they judge nothing."""
