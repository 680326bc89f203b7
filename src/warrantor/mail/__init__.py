"""Mail: what the customer is told, how a message looks on the wire, and SMTP (issue #5).

``render`` turns a notice and its facts into a subject and a plain-text body
(Jinja2 templates in ``templates/``); ``outgoing`` builds the RFC 5322 message;
``smtp`` is the transport ``warrantor worker`` sends it with. Only ``smtp``
touches the network; none of them touches the store or reads the clock.
"""
