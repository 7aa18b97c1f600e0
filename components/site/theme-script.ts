/**
 * Runs in <head> before the first paint, so the page never flashes the wrong theme.
 * Kept as a string because it must run before React loads.
 */
export const THEME_STORAGE_KEY = 'gfg-theme';

export const themeScript = `(function(){try{var s=localStorage.getItem('${THEME_STORAGE_KEY}');var d=s==='dark'||(s!=='light'&&matchMedia('(prefers-color-scheme: dark)').matches);document.documentElement.dataset.theme=d?'dark':'light';}catch(e){document.documentElement.dataset.theme='light';}})();`;
