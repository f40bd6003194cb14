"""What a role that must tell people apart, but not write to them, sees of an address: the
first character of the mailbox and the domain ("a***@example.org"). Used by the check-in desk
and the attending admin (docs/audit.md, "What each role sees")."""


def mask_email(address):
    local, at, domain = (address or "").rpartition("@")
    if not at or not local:
        return "***"
    return f"{local[0]}***@{domain}"
