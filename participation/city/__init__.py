"""The city's geography and policy themes: districts (wijken) and themes, used to tag processes and ideas."""
