"""Use cases of extended-warranty sales: price lists, direct orders, distributor quotes,
payments, grants and moves.
"""
