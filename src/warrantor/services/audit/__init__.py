"""The audit trail: recording who changed what (in the change's own transaction) and reading it.

``record`` writes one row; ``unit_import`` the import's rows, set-based;
``policies`` the policy files in force when a process starts; ``facts`` says
what each kind of object's before and after hold; ``trail`` reads it (admins).
"""
