"""Any DOCX or PDF measured against GB/T 9704."""
