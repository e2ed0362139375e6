package bot

import (
	"context"
	"fmt"

	"github.com/tandemhq/tandem/platform"
	_ "github.com/tandemhq/tandem/platform/all" // every built-in chat platform registers itself
)

// openPlatforms builds the chats of every platform the config enables and
// returns the platforms' inbound sides, to be built once the use cases
// exist (openInbound): nothing here reaches b.svc.
func (b *Bot) openPlatforms(ctx context.Context) ([]func(platform.Handle) (platform.Inbound, error), error) {
	var inbound []func(platform.Handle) (platform.Inbound, error)
	for _, p := range platform.Enabled(b.cfg) {
		opened, err := p.Open(ctx, platform.Deps{Config: b.cfg, Log: b.log.With("integration", p.Name()),
			Now: b.opt.Now, Claim: b.store.ClaimOnce, Incident: b.store.Get})
		if err != nil {
			return nil, err
		}
		for key, c := range opened.Chats {
			b.chats[key] = c
			if opened.TeamsOnly {
				b.optIn = append(b.optIn, key)
			}
		}
		if opened.Inbound != nil {
			inbound = append(inbound, opened.Inbound)
		}
	}
	return inbound, nil
}

// openInbound hands the use cases to each platform's inbound side: its
// endpoints are mounted when Run serves, its other receivers (Socket Mode)
// started there too, and its late work waited for at shutdown.
func (b *Bot) openInbound(inbound []func(platform.Handle) (platform.Inbound, error)) error {
	for _, open := range inbound {
		in, err := open(b.svc.Handle)
		if err != nil {
			return fmt.Errorf("chat inbound: %w", err)
		}
		if in.Mount != nil {
			b.mounts = append(b.mounts, in.Mount)
		}
		if in.Start != nil {
			b.starts = append(b.starts, in.Start)
		}
		if in.Wait != nil {
			b.drains = append(b.drains, in.Wait)
		}
	}
	return nil
}
