// Package ical writes on-call shifts as an RFC 5545 calendar (a .ics feed
// that calendar apps subscribe to) and reads holiday dates from one. Times
// are written in the rotation's own zone, with a VTIMEZONE that spells out
// each DST change the feed spans, so shifts stay right across DST.
package ical
