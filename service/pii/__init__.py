"""The PII policy engine. It knows nothing of HTTP or storage."""

from service.pii.loader import ENGINE_VERSION, load_scanner
from service.pii.policy import ACTIONS, Action, Policy, PolicyError, PolicySet
from service.pii.scanner import Explanation, Finding, Scanner, ScanResult

__all__ = [
    "ACTIONS",
    "ENGINE_VERSION",
    "Action",
    "Explanation",
    "Finding",
    "Policy",
    "PolicyError",
    "PolicySet",
    "ScanResult",
    "Scanner",
    "load_scanner",
]
