# `tieuchi serve` in a small image: the command built in a Rust image, then copied with the bundled
# rules onto a distroless base (glibc and CA certificates, no shell, no package manager) that runs
# as a non-root user.
#
#   docker build -t tieuchi .
#   docker run -p 8080:8080 -v "$PWD/tokens.txt:/run/secrets/tieuchi-tokens:ro" tieuchi
#
# Mount another rule folder over /srv/rules to serve it; put TLS in front (a reverse proxy), or
# mount a certificate and add `--tls-cert … --tls-key …` to the command.

FROM rust:1-slim-bookworm AS build
WORKDIR /src
COPY . .
RUN cargo build --release --locked -p tieuchi-cli \
 && install -D -m 0755 target/release/tieuchi /out/tieuchi

FROM gcr.io/distroless/cc-debian12:nonroot
COPY --from=build /out/tieuchi /usr/local/bin/tieuchi
COPY rules /srv/rules
USER nonroot
EXPOSE 8080
ENTRYPOINT ["/usr/local/bin/tieuchi", "serve", "/srv/rules", "--host", "0.0.0.0", "--port", "8080"]
CMD ["--tokens", "/run/secrets/tieuchi-tokens"]
