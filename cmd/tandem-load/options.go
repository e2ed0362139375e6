package main

import (
	"errors"
	"fmt"
	"net"
	"net/url"
)

// validate refuses anything but loopback targets: a load test must never
// send traffic elsewhere.
func (o *options) validate() error {
	u, err := url.Parse(o.URL)
	if err != nil || u.Host == "" {
		return fmt.Errorf("--url %q is not a URL", o.URL)
	}
	if !loopback(u.Hostname()) {
		return fmt.Errorf("--url host %q is not loopback; tandem-load only targets this machine", u.Hostname())
	}
	if o.Receiver != "" {
		host, _, err := net.SplitHostPort(o.Receiver)
		if err != nil || !loopback(host) {
			return fmt.Errorf("--receiver %q must be a loopback host:port", o.Receiver)
		}
	}
	switch {
	case o.Format != "alertmanager" && o.Format != "generic":
		return fmt.Errorf("--format %q: use alertmanager or generic", o.Format)
	case o.Concurrency < 1:
		return errors.New("--concurrency must be at least 1")
	case o.Batch < 1 || o.Batch > 1000:
		return errors.New("--batch must be 1..1000")
	case o.Rate < 0 || o.Groups < 0 || o.Count < 0 || o.NewEvery < 0:
		return errors.New("--rate, --groups, --new-every and --count must not be negative")
	}
	if o.Format == "generic" {
		o.Batch = 1
	}
	return nil
}

func loopback(host string) bool {
	if host == "localhost" {
		return true
	}
	ip := net.ParseIP(host)
	return ip != nil && ip.IsLoopback()
}
