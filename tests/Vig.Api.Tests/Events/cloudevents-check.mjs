// Reads one captured webhook delivery ({ "headers": {...}, "body": "..." }) from the file named as the
// first argument and asks the official CloudEvents SDK's HTTP binding to read it as an event, with
// validation. Prints the mode and the event's type, or the SDK's complaint (exit 1).
import { readFileSync } from "node:fs";
import { HTTP, CloudEvent } from "cloudevents";

const delivery = JSON.parse(readFileSync(process.argv[2], "utf8"));
try {
  if (!HTTP.isEvent(delivery)) {
    throw new Error("not recognised as a CloudEvents HTTP message");
  }
  const event = HTTP.toEvent(delivery);
  if (!(event instanceof CloudEvent)) {
    throw new Error("read as a batch, not one event");
  }
  event.validate();
  const mode = (delivery.headers["content-type"] ?? "").startsWith("application/cloudevents+json") ? "structured" : "binary";
  console.log(`cloudevents: ${mode} ${event.specversion} ${event.type} ${event.id}`);
} catch (error) {
  console.log(`cloudevents: refused: ${error.message ?? error}`);
  process.exit(1);
}
