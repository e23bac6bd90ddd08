"""The one writer of `LedgerUpload`, the web import's bookkeeping: a checked upload waits in
the database (never in a local file: several app servers may share one database) until the
office confirms it, then it is imported once and emptied.
"""
import datetime
import hashlib

from django.db import transaction
from django.shortcuts import get_object_or_404
from django.utils import timezone

from .ledger import import_ledger, ledger_from_json, ledger_to_json, plan_import
from .models import LedgerUpload

# Uploads never confirmed are dropped after this long.
KEEP = datetime.timedelta(days=7)


@transaction.atomic
def store_upload(ledger, *, user, filename, content):
    """Check the read `ledger` and keep it, its file and its preview for `user` to confirm."""
    result = plan_import(ledger, user=user)
    LedgerUpload.objects.filter(uploaded_at__lt=timezone.now() - KEEP, imported_at=None).delete()
    return LedgerUpload.objects.create(user=user, filename=filename[:255], content=content,
                                       sha256=hashlib.sha256(content).hexdigest(),
                                       ledger=ledger_to_json(ledger), preview=result.preview(),
                                       checked_at=timezone.now())


@transaction.atomic
def confirm_upload(pk, *, user, correction_reason=""):
    """Import `user`'s upload `pk` as previewed: (upload, ImportResult or None if it was already
    imported). Written: the upload is marked and emptied; not: its preview is checked anew."""
    upload = get_object_or_404(LedgerUpload.objects.select_for_update(), pk=pk, user=user)
    if upload.imported_at:  # a second click, or a second tab: never import twice
        return upload, None
    result = import_ledger(ledger_from_json(upload.ledger), user=user,
                           correction_reason=correction_reason, expected=upload.preview)
    if result.written:
        upload.imported_at = timezone.now()
        upload.summary = result.summary()[:200]
        upload.ledger = upload.preview = None  # done with: the change log holds what changed
        upload.save(update_fields=["imported_at", "summary", "ledger", "preview"])
    else:
        upload.preview, upload.checked_at = result.preview(), timezone.now()
        upload.save(update_fields=["preview", "checked_at"])
    return upload, result
