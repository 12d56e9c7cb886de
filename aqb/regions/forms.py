from django import forms

from aqb.german.fields import GermanDateField

from .models import GrantingAuthority, MinistryName, Region, Signatory
from .services import AUTHORITY_FIELDS, MINISTRY_FIELDS, REGION_EDITABLE, SIGNATORY_FIELDS


class RegionForm(forms.ModelForm):
    class Meta:
        model = Region
        fields = REGION_EDITABLE


class MinistryNameForm(forms.ModelForm):
    valid_from = GermanDateField(label="gültig ab", required=False)
    valid_to = GermanDateField(label="gültig bis", required=False)

    class Meta:
        model = MinistryName
        fields = MINISTRY_FIELDS


class GrantingAuthorityForm(forms.ModelForm):
    class Meta:
        model = GrantingAuthority
        fields = AUTHORITY_FIELDS


class SignatoryForm(forms.ModelForm):
    valid_from = GermanDateField(label="gültig ab", required=False)
    valid_to = GermanDateField(label="gültig bis", required=False)

    class Meta:
        model = Signatory
        fields = SIGNATORY_FIELDS
