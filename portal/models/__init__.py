"""The SQLModel tables of the domain (ARCHITECTURE.md, "Domain model").

May import ``portal.domain`` only.
"""

from portal.models.benefits import ServicePackage, Subsidy
from portal.models.changes import DataVersion, FacilityChange
from portal.models.curation import AuditEvent, Correction, KeptCorrection, RegisterEntry
from portal.models.facilities import Facility, FacilityService, FacilitySubsidy
from portal.models.indicators import Indicator
from portal.models.jobs import ImportJob
from portal.models.places import Region
from portal.models.sources import ImportRun, SourceDocument
from portal.models.staff import LoginThrottle, StaffUser

__all__ = [
    "DataVersion",
    "AuditEvent",
    "Correction",
    "KeptCorrection",
    "RegisterEntry",
    "Facility",
    "FacilityChange",
    "FacilityService",
    "FacilitySubsidy",
    "ImportJob",
    "ImportRun",
    "Indicator",
    "LoginThrottle",
    "Region",
    "ServicePackage",
    "SourceDocument",
    "StaffUser",
    "Subsidy",
]
