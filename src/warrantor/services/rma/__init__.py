"""Use cases of the RMA desk and workshop, and a unit's service history."""
