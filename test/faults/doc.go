// Package faults holds Tandem's fault scenarios: what users see when Redis
// crashes, the bot is killed, Slack or PagerDuty fail, the clock jumps,
// Sentinel fails over, or several replicas share the work. Every scenario
// is a test against real processes or in-process bots, on loopback only,
// bounded in time; docs/reliability.md lists them with the figures they
// produced.
//
//	TANDEM_TEST_REQUIRE_REDIS=1 go test -race -parallel 8 -v ./test/faults/
package faults
