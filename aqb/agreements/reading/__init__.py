"""Reading signed target agreements (Zielvereinbarungen) from TXT, PDF and DOCX files.

A pure-Python reader without database access::

    agreement = read_agreement(path, regions=regions, filename="ZV_2025.pdf")
    agreement.to_json_dict()     # year, ministry, region, budgets, measures, ...
    agreement.missing            # ("signature:region",) etc.

``extract_text`` gives the text of a file, ``parse_agreement`` parses a text.
"""

from .extract import SUPPORTED_SUFFIXES, check_file_size, extract_text
from .measures import project_from_label
from .model import (
    MISSING_KEYS,
    AgreementReadError,
    Budget,
    Measure,
    NotAnAgreementError,
    ParsedAgreement,
    Project,
    RegionRef,
    Signature,
    region_refs_from_csv,
)
from .parse import parse_agreement, read_agreement

__all__ = [
    "MISSING_KEYS",
    "SUPPORTED_SUFFIXES",
    "AgreementReadError",
    "Budget",
    "Measure",
    "NotAnAgreementError",
    "ParsedAgreement",
    "Project",
    "RegionRef",
    "Signature",
    "check_file_size",
    "extract_text",
    "parse_agreement",
    "project_from_label",
    "read_agreement",
    "region_refs_from_csv",
]
