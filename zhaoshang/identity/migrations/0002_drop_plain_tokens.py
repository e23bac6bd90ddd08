from django.db import migrations

PLAIN_TOKENS = "authtoken_token"  # rest_framework.authtoken's table, tokens in clear text


def drop_plain_tokens(apps, schema_editor):
    """The API's tokens were stored in clear text by rest_framework.authtoken, which is no
    longer installed (knox stores hashes): its table goes, and with it every old token."""
    if PLAIN_TOKENS in schema_editor.connection.introspection.table_names():
        schema_editor.execute(f"DROP TABLE {schema_editor.quote_name(PLAIN_TOKENS)}")


class Migration(migrations.Migration):

    dependencies = [
        ('identity', '0001_initial'),
    ]

    operations = [
        migrations.RunPython(drop_plain_tokens, migrations.RunPython.noop),
    ]
