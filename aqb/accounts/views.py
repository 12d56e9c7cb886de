from django.contrib.auth import views as auth_views

from .forms import LoginForm
from .policy import PUBLIC, access


@access(PUBLIC)
def login(request):
    return auth_views.LoginView.as_view(
        template_name="accounts/login.html", authentication_form=LoginForm,
        redirect_authenticated_user=True,
    )(request)


@access(PUBLIC)
def logout(request):
    return auth_views.LogoutView.as_view(template_name="accounts/logged_out.html")(request)
