import factory
from allauth.account.models import EmailAddress
from allauth.mfa.models import Authenticator
from allauth.mfa.utils import encrypt

from accounts.models import Sector, User
from accounts.tests.totp import STAFF_TOTP_SECRET

PASSWORD = "correct-horse-battery-staple"


class UserFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = User
        skip_postgeneration_save = True

    username = factory.Sequence(lambda n: f"member{n}")
    email = factory.LazyAttribute(lambda o: f"{o.username}@example.org")
    display_name = factory.Faker("name")
    country = "KE"
    organisation = "Lake Basin Authority"
    sector = Sector.GOVERNMENT

    @factory.post_generation
    def password(obj, create, extracted, **kwargs):
        obj.set_password(extracted or PASSWORD)
        if create:
            obj.save(update_fields=["password"])

    @factory.post_generation
    def two_factor(obj, create, extracted, **kwargs):
        """Staff get an authenticator app (STAFF_TOTP_SECRET) unless two_factor=False is
        passed: staff without one are sent to set it up before any page opens."""
        if create and (obj.is_staff or obj.is_superuser) and extracted is not False:
            Authenticator.objects.create(
                user=obj, type=Authenticator.Type.TOTP, data={"secret": encrypt(extracted or STAFF_TOTP_SECRET)}
            )

    @factory.post_generation
    def verified(obj, create, extracted, **kwargs):
        """Verified primary email unless verified=False is passed."""
        if create and extracted is not False:
            EmailAddress.objects.create(user=obj, email=obj.email, primary=True, verified=True)
