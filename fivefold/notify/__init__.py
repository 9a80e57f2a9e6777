"""Delivering the 督办提醒 (issue 13 §2): where each unit's digest goes (`notify:` in fivefold.yaml), group
robots and generic webhooks over HTTP, e-mail over SMTP, and the sent-log that keeps a day's digest from
going out twice."""
