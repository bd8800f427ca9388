#!/usr/bin/env python3
"""Prints each failed test of the given .trx files with the first lines of its error message."""
import sys
import xml.etree.ElementTree as ET

NS = {"t": "http://microsoft.com/schemas/VisualStudio/TeamTest/2010"}
MAX_LINES = 12

for path in sys.argv[1:]:
    for result in ET.parse(path).getroot().iterfind(".//t:UnitTestResult", NS):
        if result.get("outcome") != "Failed":
            continue
        print(f"  {result.get('testName')}")
        message = result.findtext(".//t:ErrorInfo/t:Message", default="", namespaces=NS)
        stack = result.findtext(".//t:ErrorInfo/t:StackTrace", default="", namespaces=NS)
        lines = (message.strip() + "\n" + stack.strip()).strip().splitlines()
        for line in lines[:MAX_LINES]:
            print(f"      {line}")
