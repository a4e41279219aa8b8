"""The start page: where every role lands after logging in.

Not an app of its own (no models, no templates of its own: those are under
``tallrapport/templates/start/``): a view that puts together what the other
apps' selectors count, so it may read them all and nothing reads it.
"""
