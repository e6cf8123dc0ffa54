"""Mail: the key that protects addresses and queued messages, and the transports that deliver them.

The outbox itself (queueing, claiming, retrying) is core.services.outbox; mailing lists, invitations and
dissemination are services beside it. Only the admin side (the staff app and the scheduler) holds the mail
key: the public app finds invitations and unsubscribe requests by the hash of their token, never by address.
"""
