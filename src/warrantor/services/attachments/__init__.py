"""Customers' attachments: proofs of purchase and photos on an RMA or a unit (issue #24)."""
