"""Stable uids, names and hashes: the same input writes the same scenario."""

import hashlib
import uuid

NS_UUID = uuid.UUID("6f1c2a4e-3b7d-5e8f-9a0b-1c2d3e4f5a6b")


def uid(scenario, *key):
    return str(uuid.uuid5(NS_UUID, "/".join((scenario,) + key)))


def short_hash(*key, n=10):
    alphabet = "bcdfghjklmnpqrstvwxz2456789"
    h = hashlib.sha256("/".join(key).encode()).digest()
    return "".join(alphabet[b % len(alphabet)] for b in h[:n])


def hexid(*key, n=17):
    return hashlib.sha256("/".join(key).encode()).hexdigest()[:n]
