"""Chinese workplace plans, schemes and summaries (GB/T 9704-2012) from structured content."""
