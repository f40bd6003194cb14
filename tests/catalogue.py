"""A small, real message catalogue for tests.

The project's own .po files hold the reviewed translations; tests that prove a string is
looked up in the right language (an email rendered in the registration's language, a
calendar file in its page's) compile a few known translations of their own with gettext's
`msgfmt` and point LOCALE_PATHS at them, so they do not depend on anyone's wording.
"""

import subprocess

from django.utils.translation import to_locale


def _quoted(text):
    escaped = text.replace("\\", "\\\\").replace('"', '\\"').replace("\n", "\\n")
    return f'"{escaped}"'


def compile_catalogue(locale_dir, language, messages):
    """Writes and compiles `locale_dir/<locale>/LC_MESSAGES/django.mo` from a dict of
    msgid -> msgstr, or (msgctxt, msgid) -> msgstr."""
    directory = locale_dir / to_locale(language) / "LC_MESSAGES"
    directory.mkdir(parents=True, exist_ok=True)
    lines = [
        'msgid ""',
        'msgstr ""',
        f'"Language: {language}\\n"',
        '"MIME-Version: 1.0\\n"',
        '"Content-Type: text/plain; charset=UTF-8\\n"',
        '"Content-Transfer-Encoding: 8bit\\n"',
        "",
    ]
    for key, translated in messages.items():
        if isinstance(key, tuple):
            context, msgid = key
            lines.append(f"msgctxt {_quoted(context)}")
        else:
            msgid = key
        lines += [f"msgid {_quoted(msgid)}", f"msgstr {_quoted(translated)}", ""]
    source = directory / "django.po"
    source.write_text("\n".join(lines), encoding="utf-8")
    subprocess.run(["msgfmt", "-o", str(directory / "django.mo"), str(source)], check=True)
