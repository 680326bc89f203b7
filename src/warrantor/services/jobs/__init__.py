"""Use cases of the job layer (issue #20): when a periodic duty is due and how its runs
went, effects that must happen once, and the clean-up of rows kept only for a while."""
