"""Model fields that keep personal data encrypted at rest."""

from django.db import models

from laborbridge.core import crypto


class EncryptedTextField(models.TextField):
    """A text column holding AES-GCM ciphertext; Python code sees plaintext.

    Lookups other than isnull are meaningless on ciphertext: search through a blind-index column.
    """

    def __init__(self, *args, context: str = "", **kwargs):
        self.context = context
        super().__init__(*args, **kwargs)

    def deconstruct(self):
        name, path, args, kwargs = super().deconstruct()
        kwargs["context"] = self.context
        return name, path, args, kwargs

    def from_db_value(self, value, expression, connection):
        if value is None or value == "":
            return value
        return crypto.decrypt(value, context=self.context)

    def get_prep_value(self, value):
        value = super().get_prep_value(value)
        if value is None or value == "":
            return value
        return crypto.encrypt(value, context=self.context)
