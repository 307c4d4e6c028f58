"""Team mode: each user's own mail account, for ``account mail set|show|remove``
and the web's account page. The checks (fields, ports, hosts a team may reach)
and the encrypted password are :mod:`followthrough.mail.team_accounts`'; the
faces reach them here."""

from __future__ import annotations

from followthrough.mail.accounts import MailAccountError
from followthrough.mail.hosts import HostGuard
from followthrough.mail.team_accounts import (
    account_of,
    get_mail_account,
    remove_mail_account,
    set_mail_account,
)
from followthrough.store.mail_accounts import KINDS

__all__ = ["KINDS", "HostGuard", "MailAccountError", "account_of", "get_mail_account",
           "remove_mail_account", "set_mail_account"]
