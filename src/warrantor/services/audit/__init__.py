"""The audit trail: who changed what, when, before and after, and why (issue #17).

``record`` writes one row in the change's own unit of work; ``changes`` has one
function per kind of change, built on ``facts`` (what each kind's before and
after hold); ``unit_import`` writes an import's rows set-based; ``policies``
records the policy files in force when a process starts; ``trail`` reads it
(warranty admins).
"""
