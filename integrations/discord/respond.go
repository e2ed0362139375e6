package discord

import (
	"context"
	"net/http"
	"time"

	"github.com/bwmarrin/discordgo"

	"github.com/tandemhq/tandem/chat"
)

// Follow-up tuning: a follow-up is tried a few times, since nothing else
// would ever deliver it.
const (
	followUpTimeout  = 10 * time.Second
	followUpAttempts = 3
	followUpMaxWait  = 5 * time.Second
)

// ephemeral reports whether the answer is for the asker only: the
// handler's choice for commands; always for buttons, whose public record
// is the card edited in place and the timeline entry in every room.
func ephemeral(in inbound, resp chat.Response) bool {
	return resp.Ephemeral || in.kind != kindCommand
}

func flags(private bool) discordgo.MessageFlags {
	if private {
		return discordgo.MessageFlagsEphemeral
	}
	return 0
}

// pages splits an answer within Discord's 2,000 characters per message.
func pages(resp chat.Response) []string {
	p := chat.Pages(resp.Text, maxContent)
	if len(p) == 0 {
		return []string{"Done."}
	}
	return p
}

// reply answers in the HTTP response (type 4); pages beyond the first
// follow as follow-up messages once the response is out.
func (h *Handler) reply(w http.ResponseWriter, in inbound, resp chat.Response) {
	private := ephemeral(in, resp)
	p := pages(resp)
	chat.WriteJSON(w, http.StatusOK, discordgo.InteractionResponse{
		Type: discordgo.InteractionResponseChannelMessageWithSource,
		Data: &discordgo.InteractionResponseData{Content: p[0], Flags: flags(private), AllowedMentions: noMentions()},
	})
	if len(p) == 1 || in.token == "" {
		return
	}
	if f, ok := w.(http.Flusher); ok {
		f.Flush() // Discord must have the response before the follow-ups
	}
	h.wg.Add(1)
	go func() {
		defer h.wg.Done()
		h.sendPages(in, p[1:], private)
	}()
}

// deferReply tells Discord the answer comes later: a command shows
// "thinking…" to the asker only (type 5, ephemeral, since the answer may
// be an error), a button just stops spinning (type 6).
func (h *Handler) deferReply(w http.ResponseWriter, in inbound) {
	if in.kind == kindButton {
		chat.WriteJSON(w, http.StatusOK, discordgo.InteractionResponse{Type: discordgo.InteractionResponseDeferredMessageUpdate})
		return
	}
	chat.WriteJSON(w, http.StatusOK, discordgo.InteractionResponse{
		Type: discordgo.InteractionResponseDeferredChannelMessageWithSource,
		Data: &discordgo.InteractionResponseData{Flags: discordgo.MessageFlagsEphemeral},
	})
}

// followUp delivers a late answer: a command's by editing the deferred
// response (it stays ephemeral: Discord fixes that at the deferral), a
// button's as an ephemeral follow-up message.
func (h *Handler) followUp(in inbound, resp chat.Response) {
	p := pages(resp)
	if in.kind == kindButton {
		h.sendPages(in, p, true)
		return
	}
	ctx, cancel := context.WithTimeout(context.WithoutCancel(h.opt.Context), followUpTimeout)
	defer cancel()
	err := h.try(ctx, func() error {
		_, err := h.c.s.InteractionResponseEdit(interactionOf(in), &discordgo.WebhookEdit{Content: &p[0], AllowedMentions: noMentions()},
			discordgo.WithContext(ctx))
		return deliveryError("edit deferred answer", err)
	})
	if err != nil {
		h.log.Warn("deferred answer lost", "interaction", in.id, "err", err)
		return
	}
	h.sendPages(in, p[1:], true)
}

// sendPages posts follow-up messages in order; a page that cannot be sent
// ends the answer there, rather than leaving a gap.
func (h *Handler) sendPages(in inbound, p []string, private bool) {
	ctx, cancel := context.WithTimeout(context.WithoutCancel(h.opt.Context), followUpTimeout)
	defer cancel()
	for _, text := range p {
		err := h.try(ctx, func() error {
			_, err := h.c.s.FollowupMessageCreate(interactionOf(in), true,
				&discordgo.WebhookParams{Content: text, Flags: flags(private), AllowedMentions: noMentions()}, discordgo.WithContext(ctx))
			return deliveryError("follow-up", err)
		})
		if err != nil {
			h.log.Warn("follow-up lost", "interaction", in.id, "err", err)
			return
		}
	}
}

// try runs call up to followUpAttempts times, waiting as long as a 429
// asks (within reason) or a short backoff. A 404 is tried again too: a
// follow-up can reach Discord before the response it follows.
func (h *Handler) try(ctx context.Context, call func() error) error {
	var err error
	for attempt := range followUpAttempts {
		if err = call(); err == nil || chat.IsPermanent(err) && !hasStatus(err, http.StatusNotFound) {
			return err
		}
		wait := min(max(chat.RetryDelay(err), time.Duration(attempt+1)*250*time.Millisecond), followUpMaxWait)
		select {
		case <-ctx.Done():
			return err
		case <-time.After(wait):
		}
	}
	return err
}

// interactionOf is what discordgo needs to address an interaction's
// webhook: the application and the token.
func interactionOf(in inbound) *discordgo.Interaction {
	return &discordgo.Interaction{ID: in.id, AppID: in.appID, Token: in.token}
}
