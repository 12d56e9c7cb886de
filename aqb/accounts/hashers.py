"""Password hashing: Argon2id with the parameters of the OWASP Password Storage Cheat Sheet.

Django's default Argon2 parameters (100 MiB, time cost 2, parallelism 8) cost about 420 ms of
CPU and 100 MiB of memory per login on the 2-core machines here; fifty people logging in at
the same time (the morning of a deadline) would need 5 GB of memory and queue for seconds.
OWASP's first recommended configuration for Argon2id (19 MiB, time cost 2, parallelism 1)
meets ASVS level 2 (V2.4) and costs about 25 ms. The algorithm name stays ``argon2``: hashes
made with other parameters still verify and are re-hashed with these at the next login
(Django's ``must_update``). Decision and figures: docs/security.md, "Passwords".
"""

from django.contrib.auth.hashers import Argon2PasswordHasher


class OwaspArgon2PasswordHasher(Argon2PasswordHasher):
    time_cost = 2
    memory_cost = 19 * 1024  # KiB
    parallelism = 1
