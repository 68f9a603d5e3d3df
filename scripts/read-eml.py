#!/usr/bin/env python3
"""Prints one .eml file as JSON, read by Python's own e-mail parser (an independent check of our MIME):

    python3 scripts/read-eml.py message.eml

{"subject", "from", "to", "message_id", "date", "text", "html", "content_type", "longest_line", "envelope_to"}
"""
import email
import email.policy
import json
import sys


def main():
    raw = open(sys.argv[1], "rb").read()
    message = email.message_from_bytes(raw, policy=email.policy.default)
    text = message.get_body(preferencelist=("plain",))
    html = message.get_body(preferencelist=("html",))
    print(json.dumps({
        "subject": str(message["subject"] or ""),
        "from": str(message["from"] or ""),
        "to": str(message["to"] or ""),
        "message_id": str(message["message-id"] or ""),
        "date": str(message["date"] or ""),
        "content_type": message.get_content_type(),
        "text": text.get_content() if text is not None else None,
        "html": html.get_content() if html is not None else None,
        "longest_line": max((len(line) for line in raw.split(b"\r\n")), default=0),
        "envelope_to": str(message["x-envelope-to"] or ""),
    }, ensure_ascii=False))


if __name__ == "__main__":
    main()
