import { useQuery } from "@tanstack/react-query";
import { data } from "./api";
import type { QuellFunctionInfo } from "./wire";

/** The server's functions, shared by every page (one cache entry). */
export const useFunctions = () =>
  useQuery({
    queryKey: ["functions"],
    queryFn: () => data<QuellFunctionInfo[]>("GET", "/v1/functions"),
  });

/** A labelled choice of one of the server's functions; `none` names the empty choice. */
export const FunctionSelect = ({
  value,
  onChange,
  none,
  required = false,
}: {
  value: string;
  onChange: (functionId: string) => void;
  none: string;
  required?: boolean;
}) => {
  const functions = useFunctions();
  return (
    <label>
      Function
      <select value={value} onChange={(e) => onChange(e.target.value)} required={required}>
        <option value="">{none}</option>
        {(functions.data ?? []).map((f) => (
          <option key={f.function_id} value={f.function_id}>
            {f.function_id}
          </option>
        ))}
      </select>
    </label>
  );
};
