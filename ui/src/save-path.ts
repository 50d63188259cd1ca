import { useEffect, useState } from "preact/hooks";
import { usePlatform } from "./platform";

/**
 * Where an export is saved: the exports folder and `suggestedName` until the cashier
 * types a path or picks one in the save dialog. `resolve` gives the path to write,
 * asking the save dialog when there is none (null: the dialog was closed).
 */
export function useSavePath(suggestedName: string) {
  const api = usePlatform();
  const [folder, setFolder] = useState("");
  const [chosen, setChosen] = useState<string | null>(null);

  useEffect(() => {
    api.exportFolder().then(setFolder, () => setFolder(""));
  }, []);

  const path = chosen ?? (folder ? `${folder}${suggestedName}` : "");
  const browse = async () => {
    const picked = await api.chooseSavePath(path || suggestedName);
    if (picked) setChosen(picked);
  };
  const resolve = async () => path.trim() || (await api.chooseSavePath(suggestedName));
  return { path, setPath: setChosen, browse, resolve };
}
