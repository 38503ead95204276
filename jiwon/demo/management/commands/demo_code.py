"""`jiwon demo_code <username>`: the current two-factor code of a demo login.

Only for devices with the published demo key (jiwon/demo/users.py), whose codes anyone can
compute anyway: for every other account it refuses, so it is harmless on a real site."""

from django.core.management.base import BaseCommand, CommandError
from django.utils.translation import gettext as _
from django_otp.oath import TOTP
from django_otp.plugins.otp_totp.models import TOTPDevice

from jiwon.demo.users import DEMO_TOTP_KEY


class Command(BaseCommand):
    help = "Print the current two-factor code of a demo login (demo key only)."

    def add_arguments(self, parser):
        parser.add_argument("username")

    def handle(self, *args, username, **options):
        device = TOTPDevice.objects.filter(
            user__username=username, key=DEMO_TOTP_KEY, confirmed=True
        ).first()
        if device is None:
            raise CommandError(
                _("%(user)s is not a demo login with the demo key.") % {"user": username}
            )
        totp = TOTP(device.bin_key, device.step, device.t0, device.digits, device.drift)
        self.stdout.write(f"{totp.token():0{device.digits}d}")
