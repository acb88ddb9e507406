// TestSupport: loopback HTTP server, archive builder, temp roots, fake runtimes.
