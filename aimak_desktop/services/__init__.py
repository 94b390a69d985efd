"""Domain operations. Every change goes through `write_path.write` (transaction, oplog, audit)."""
