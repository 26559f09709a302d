"""Pledges and their money: card (Stripe) and bank transfer with a structured communication.

transitions.py   the pledge state machine: every status change, logged as a PledgeTransaction row
pledges.py       recording a backer's promise, withdrawing it, dropping the open ones of a closed campaign
cards.py         saving a card with a SetupIntent and charging it off-session
bank_transfers.py  transfers received, one by one or from a bank statement
refunds.py       giving collected money back

Functions flush and never commit.
"""
