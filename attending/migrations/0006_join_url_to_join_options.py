"""Each session's old raw join URL (events.Session.join_url, removed by
events/0005_remove_session_join_url, which this runs before) becomes a join option for every
region, so no organiser's link is lost: participants now reach it through their personal
join link. The platform is guessed from the URL's host, else "other".

Stands alone: the names are copied here, no app code is imported."""

from urllib.parse import urlsplit

from django.db import migrations

LABEL = "Online room"
# host (or its parent domain) -> JoinOption.Platform value, as of this migration
PLATFORMS = {
    "zoom.us": "zoom",
    "zoom.com": "zoom",
    "voovmeeting.com": "voov",
    "meeting.tencent.com": "tencent",
    "bilibili.com": "bilibili",
    "youtube.com": "youtube",
    "youtu.be": "youtube",
    "teams.microsoft.com": "teams",
    "teams.live.com": "teams",
    "meet.jit.si": "jitsi",
    "vk.com": "vk",
    "vkvideo.ru": "vk",
}


def platform_of(url):
    host = (urlsplit(url).hostname or "").lower()
    while host:
        if host in PLATFORMS:
            return PLATFORMS[host]
        host = host.partition(".")[2]
    return "other"


def join_urls_to_options(apps, schema_editor):
    Session = apps.get_model("events", "Session")
    JoinOption = apps.get_model("attending", "JoinOption")
    using = schema_editor.connection.alias
    sessions = Session.objects.using(using).exclude(join_url="").values_list("pk", "join_url")
    JoinOption.objects.using(using).bulk_create(
        JoinOption(
            session_id=session_id,
            platform=platform_of(url),
            label=LABEL,
            url=url,
            for_china=True,
            for_europe=True,
            for_russia=True,
            for_other=True,
            order=0,
        )
        for session_id, url in sessions.iterator()
    )


def options_to_join_urls(apps, schema_editor):
    """Going back (after events got the field back): the options made here return to the
    sessions' join_url and are deleted."""
    Session = apps.get_model("events", "Session")
    JoinOption = apps.get_model("attending", "JoinOption")
    using = schema_editor.connection.alias
    made = JoinOption.objects.using(using).filter(
        label=LABEL, for_china=True, for_europe=True, for_russia=True, for_other=True
    )
    for option in made.order_by("session_id", "id").iterator():
        Session.objects.using(using).filter(pk=option.session_id, join_url="").update(
            join_url=option.url[:200]
        )
    made.delete()


class Migration(migrations.Migration):
    dependencies = [
        ("attending", "0005_online_team_group"),
        ("events", "0004_content_in_english_columns"),
    ]
    # Before the field goes; events' migration need not know attending.
    run_before = [("events", "0005_remove_session_join_url")]

    operations = [migrations.RunPython(join_urls_to_options, options_to_join_urls)]
