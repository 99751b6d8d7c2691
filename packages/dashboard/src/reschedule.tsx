import { useQueryClient } from "@tanstack/react-query";
import { useState } from "react";
import { data } from "./api";
import { Confirm } from "./confirm";
import { UtcInput } from "./time-window";

/**
 * Move a sleeping run's wake-up (`POST /v1/runs/:id/reschedule`): a time typed in UTC, asked
 * before it is sent. The API's refusal (409: no longer sleeping; 400 naming `until`) is shown.
 */
export const Reschedule = ({ runId }: { runId: string }) => {
  const client = useQueryClient();
  const [until, setUntil] = useState("");
  const reschedule = async () => {
    await data("POST", `/v1/runs/${encodeURIComponent(runId)}/reschedule`, { until });
    await client.invalidateQueries({ queryKey: ["run", runId] });
  };
  return (
    <Confirm
      label="Reschedule"
      question="Wake this run at another time? A time already past wakes it at once."
      confirmLabel="Yes, reschedule"
      onConfirm={reschedule}
    >
      <UtcInput label="Wake at (UTC)" value={until} onChange={setUntil} />
    </Confirm>
  );
};
