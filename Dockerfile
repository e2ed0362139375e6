# Multi-stage build: a static binary in a small, non-root image.
FROM golang:1.26-bookworm AS build
WORKDIR /src
COPY go.mod go.sum ./
RUN go mod download
COPY . .
ARG VERSION=dev
RUN CGO_ENABLED=0 go build -trimpath -ldflags "-s -w -X main.Version=${VERSION}" -o /out/tandem ./cmd/tandem

FROM gcr.io/distroless/static-debian12:nonroot
COPY --from=build /out/tandem /usr/local/bin/tandem
USER nonroot:nonroot
EXPOSE 8080
# The image has no shell or curl: the binary checks itself, on the address serve listens on
# (TANDEM_HTTP_ADDR, else http.addr of $TANDEM_CONFIG), not a fixed port.
HEALTHCHECK --interval=15s --timeout=5s --retries=3 CMD ["/usr/local/bin/tandem", "healthcheck"]
ENTRYPOINT ["/usr/local/bin/tandem"]
CMD ["serve"]
